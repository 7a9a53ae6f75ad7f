namespace Steward.Server.Audit;

public sealed partial class AuditService
{
    public Task ExportAsync(string accountId, AuditQuery query, Stream output, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
