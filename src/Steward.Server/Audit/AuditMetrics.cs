using System.Diagnostics.Metrics;

namespace Steward.Server.Audit;

/// <summary>Counters for the audit pipeline, exported at <c>/metrics</c>.</summary>
public sealed class AuditMetrics : IDisposable
{
    public const string MeterName = "Steward.Audit";
    private readonly Meter _meter = new(MeterName);

    public AuditMetrics()
    {
        Queued = _meter.CreateCounter<long>("steward_audit_records_queued");
        Sealed = _meter.CreateCounter<long>("steward_audit_records_sealed");
        Checkpoints = _meter.CreateCounter<long>("steward_audit_checkpoints");
    }

    public Counter<long> Queued { get; }
    public Counter<long> Sealed { get; }
    public Counter<long> Checkpoints { get; }

    public void Dispose() => _meter.Dispose();
}
