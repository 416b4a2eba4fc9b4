namespace ClaimsLedger.Hosting;

/// <summary>
/// The clock events are stamped with, cut to PostgreSQL's microseconds: the instant an inline view keeps is then the
/// instant stored with the event, so a view rebuilt from the events is identical and recordedAsOf means one thing everywhere.
/// </summary>
public sealed class PostgresClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = base.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
