using ClaimsLedger.Common;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Tests.Extraction;

/// <summary>
/// The ledger's framing of what Microsoft.Recognizers.Text finds: scales, ranges, signs, what is not a quantity, and
/// the year of a date printed without one.
/// </summary>
public sealed class RecognizerTests
{
    private static string Quantities(string text) =>
        string.Join("; ", Recognizers.Quantities(text, 0, text.Length).Select(q =>
            $"{q.Kind} {(q.IsRange ? $"{q.Low}..{q.High}" : q.Value.ToString())} {q.Scale}{(q.IsFraction ? " fraction" : "")}"));

    [Theory]
    [InlineData("trade reached $5 bn last year", "Money 5 billion")]                         // a scale the library does not read
    [InlineData("worth US$ 2.1 billion", "Money 2.1 billion")]
    [InlineData("between $4-5 billion a year", "Money 4..5 billion")]                         // the low end takes the high end's scale
    [InlineData("from 400 million-1 billion USD", "Money 0.4..1 billion")]
    [InlineData("it fell by a third (– 35.9%)", "Percent 33.3 one fraction; Percent -35.9 one")]
    [InlineData("up to 30-40% of its imports", "Percent 30..40 one")]
    [InlineData("grew by 5.5 per cent", "Percent 5.5 one")]
    [InlineData("some 60,000 - 80,000 people", "Count 60000..80000 one")]
    [InlineData("a dozen students and two projects", "Count 12 one; Count 2 one")]
    [InlineData("one of the partners since 2021, with COVID-19 and Su-30 jets", "")]        // words that count nothing, a year, names
    [InlineData("ranked 25th, visited five times", "Ordinal 25 one; Count 5 one")]
    [InlineData("trade was \u0664\u066b\u0665 billion USD", "Money 4.5 billion")]                  // Arabic-Indic digits and decimal separator
    [InlineData("trade was \u0664.\u0665 billion USD and \uff15 billion", "Money 4.5 billion; Count 5 billion")]
    [InlineData("trade was $0.000000000000000000000000000001 billion", "")]                    // past what a decimal holds: not read as 0
    [InlineData("trade was 300 billion rubles, €4 billion and VND 5 trillion", "")]            // amounts in US dollars only
    [InlineData("trade was 5 and a half billion dollars, then $5.5bn", "Money 5.5 billion; Money 5.5 billion")]  // "N and a half", a scale glued on
    [InlineData("trade was $5 and a half billion dollars", "Money 5 one")]                                         // the whole already an amount
    public void A_quantity_is_framed_in_the_unit_of_its_scale(string text, string expected) =>
        Assert.Equal(expected, Quantities(text));

    [Theory]
    [InlineData("in the first half of 2023", "2024-06", "MonthSpan 2023-01..2023-06")]
    [InlineData("during the January–November period", "2025-01", "MonthSpan 2024-01..2024-11")]    // the last such span over, November included
    [InlineData("the first nine months of this year", "2021-11", "MonthSpan 2021-01..2021-09")]
    [InlineData("in December trade fell", "2024-03", "Month 2023-12")]                            // a month after publication is last year's
    [InlineData("on April 11 this year", "2023-05", "Day 2023-04-11")]
    [InlineData("last year, on June 19-20", "2025-01", "Year 2024; DaySpan 2024-06-19..2024-06-20")]  // the sentence's year
    [InlineData("to 10 billion USD by the end of 2030", "2024-03", "Target by-2030")]
    [InlineData("since 2019 they have met", "2024-05", "Since 2019..2024")]
    [InlineData("several years ago, in the 21st century, a new year", "2024-05", "")]            // no date printed or relative
    [InlineData("relations were established on January 30, 0001.", "2023-01", "")]              // a year printed and not read is not guessed
    [InlineData("on March 2, 12 students arrived", "2023-05", "Day 2023-03-02")]                  // a count after a day is no year
    [InlineData("trade in FY2020 and in FY 2021", "2023-05", "Year 2020; Year 2021")]               // fiscal years are calendar years here
    [InlineData("in 11 months of 2023, in Q1/2024 and in H2 2023", "2024-05", "MonthSpan 2023-01..2023-11; MonthSpan 2024-01..2024-03; MonthSpan 2023-07..2023-12")]
    [InlineData("up 14% over the same period in 2020", "2021-11", "Year 2020 base")]
    public void A_date_is_resolved_against_the_publication_date(string text, string published, string expected)
    {
        Assert.True(PartialDate.TryParse(published, out var date));
        var times = Recognizers.Times(text, 0, text.Length, date);
        Assert.Equal(expected, string.Join("; ", times.Select(t => $"{t.Kind} {t.Period}{(t.IsBase ? " base" : "")}")));
    }
}
