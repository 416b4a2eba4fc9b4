namespace ClaimsLedger.Tests.Extraction;

/// <summary>
/// Small articles written for the tests, not taken from the seed corpus: each exercises framing rules on wording the seed
/// articles do not use, with the claims a reviewer would record from it.
/// </summary>
public static class TestArticles
{
    /// <summary>Trade figures: explicit years, relative dates, qualifiers, changes and a target. Published March 2024.</summary>
    public const string Trade = """
        Vietnam–Russia trade rebounds

        Last year, two-way trade between Vietnam and Russia surpassed $5.2 billion, according to the General Department of Customs.
        In 2022, it declined by 12% compared with 2021. In the first two months of this year, bilateral trade turnover reached about 870 million USD, up 14% over the same period last year.
        During the January–October period, trade between Russia and Vietnam reached almost 3.1 billion USD.
        Officials say both sides hope to lift trade turnover to 10 billion USD by 2030.
        """;

    /// <summary>Counts, shares and ranks. Published 2024-09.</summary>
    public const string People = """
        At present, about 6,500 Vietnamese students are studying in Russia, while Russia grants up to 1,100 scholarships a year.
        Since 2018, Russian universities have trained more than 2,000 Vietnamese engineers.
        With some 40,000 - 50,000 people, the Vietnamese community in Russia remains active.
        Vietnam is a nation of 100 million people.
        Russia remained the largest supplier of arms to Vietnam from 2019 to 2023, accounting for 60% of Vietnam's total imports in this regard.
        It was followed by Israel (14%) and Belarus (5%).
        """;

    /// <summary>Partnership steps: day-first dates, an upgrade and an anniversary counted back. Published 2025-06.</summary>
    public const string Partnership = """
        Russia and Laos established diplomatic relations on 7 October 1960.
        The two countries upgraded their relationship to a comprehensive strategic partnership in 2019.
        This year the two sides celebrate the 30th anniversary of the strategic partnership between Russia and Cambodia.
        The comprehensive strategic partnership between Russia and Laos continues to develop in many areas.
        """;

    /// <summary>Project statuses: offers, talks, stalled, resumed, in force, visits before and after publication. Published 2024-05.</summary>
    public const string Projects = """
        Russia is ready to build a new oil refinery in Thanh Hoa province.
        The two governments are negotiating about the supply of Russian wheat to Vietnam.
        The project for a metro line in Ho Chi Minh City has not yet been implemented.
        The joint gas terminal in Quang Tri was suspended in 2016.
        Rosatom has already resumed talks with Hanoi and expanded fuel supplies to the research reactor in Da Lat.
        The agreement on visa exemption entered into force in January 2024.
        Russian Foreign Minister Sergey Lavrov's visit to Hanoi on March 3 was described as productive.
        Vietnamese Prime Minister Pham Minh Chinh's official visit to Moscow on June 12 will focus on energy.
        """;

    /// <summary>Periods and amounts in wordings the recognizer library reads: halves, quarters, "bn", "per cent". Published 2024-06.</summary>
    public const string Wordings = """
        In the first half of 2023, trade between Russia and Vietnam reached US$ 2.1 bn, up 5.5 per cent over the same period in 2022.
        In the first quarter of 2024, bilateral trade turnover between Vietnam and Russia was $1.2 billion.
        """;

    /// <summary>Trade by direction: each direction's exports are a figure of their own, apart from the turnover. Published May 2024.</summary>
    public const string Flows = """
        Vietnam's exports to Russia rose 20 percent in 2023, reaching 2.1 billion USD.
        Russian exports to Vietnam were about 1.5 billion USD in 2023.
        In the first quarter of 2024, exports from Russia to Vietnam exceeded 400 million USD, while trade between the two countries reached 1.1 billion USD.
        """;

    /// <summary>A text with numbers and dates but no figure, step or status the rules can frame.</summary>
    public const string NoClaims = """
        The weather in Hanoi on May 5 was warm, with 30 degrees at noon.
        A festival of Russian cinema opened with 12 films and a concert.
        """;
}
