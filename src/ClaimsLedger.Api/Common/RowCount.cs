namespace ClaimsLedger.Common;

/// <summary>A count read in a Marten batch, which takes only documents or JSON: <c>select jsonb_build_object('N', count(*))</c>.</summary>
public sealed record RowCount(long N);
