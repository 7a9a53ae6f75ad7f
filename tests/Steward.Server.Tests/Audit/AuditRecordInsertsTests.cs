using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Audit;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Audit;

/// <summary>
/// The sealer's own insert of queued records (a prepared INSERT per row on SQLite, a binary COPY on PostgreSQL) writes
/// the rows EF's SaveChanges writes, in the order given, in the caller's transaction.
/// </summary>
public sealed class AuditRecordInsertsTests(Servers servers)
{
    // Far above any position the shared test server's log reaches (Sequence is unique); the rows are rolled back.
    private const long FirstSequence = 9_000_000_000_000;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Queued_records_go_in_in_order_and_read_back_as_EF_writes_them(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var marker = Guid.NewGuid().ToString("N")[..16];
        await using var transaction = await db.Database.BeginTransactionAsync();

        // More rows than one of the former multi-row INSERTs held (200), with nulls, non-ASCII text and an instant
        // finer than either store keeps.
        var queued = Enumerable.Range(0, 450).Select(i => Record(marker, "q", i)).ToList();
        await AuditRecordInserts.InsertAsync(db, queued, CancellationToken.None);
        // The same values through EF, to compare with.
        var viaEf = Enumerable.Range(0, 3).Select(i => Record(marker, "e", i)).ToList();
        db.AuditRecords.AddRange(viaEf);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var stored = await db.AuditRecords.AsNoTracking().Where(r => r.RequestId.StartsWith(marker)).OrderBy(r => r.Id).ToListAsync();
        var copied = stored.Where(r => r.RequestId.Contains("-q-")).ToList();
        Assert.Equal(queued.Select(r => r.RequestId), copied.Select(r => r.RequestId));
        Assert.Equal(queued.Select(r => r.Sequence), copied.Select(r => r.Sequence));
        foreach (var ef in stored.Where(r => r.RequestId.Contains("-e-")))
        {
            var twin = copied.Single(r => r.RequestId == ef.RequestId.Replace("-e-", "-q-"));
            Assert.Equal(Columns(ef), Columns(twin));
            Assert.Equal(DateTimeKind.Utc, twin.Time.Kind);
        }

        await transaction.RollbackAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_refused_insert_fails_the_call_and_leaves_the_transaction_to_roll_back(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var marker = Guid.NewGuid().ToString("N")[..16];
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            // A trigger that refuses the eighth row; it exists only in this transaction.
            var refused = $"'{marker}-q-0007'";
            await db.Database.ExecuteSqlRawAsync(provider == Provider.Sqlite
                ? $"""CREATE TRIGGER refuse_{marker} BEFORE INSERT ON audit_records WHEN NEW."RequestId" = {refused} BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"""
                : $"""
                  CREATE FUNCTION refuse_{marker}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END; $$ LANGUAGE plpgsql;
                  CREATE TRIGGER refuse_{marker} BEFORE INSERT ON audit_records FOR EACH ROW WHEN (NEW."RequestId" = {refused}) EXECUTE FUNCTION refuse_{marker}();
                  """);
            var queued = Enumerable.Range(0, 10).Select(i => Record(marker, "q", i)).ToList();
            var refusal = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => AuditRecordInserts.InsertAsync(db, queued, CancellationToken.None));
            Assert.Contains("refused by test", refusal.Message, StringComparison.Ordinal);
            await transaction.RollbackAsync();
        }

        Assert.False(await db.AuditRecords.AnyAsync(r => r.RequestId.StartsWith(marker)));
    }

    private static AuditRecord Record(string marker, string kind, int i) => new()
    {
        Sequence = FirstSequence + (kind == "q" ? 0 : 1_000_000) + i,
        Time = new DateTime(2026, 11, 23, 12, 34, 56, DateTimeKind.Utc).AddTicks(1_234_567 + i),
        AccountId = "123456789012",
        PrincipalArn = i % 3 == 0 ? null : $"arn:aws:iam::123456789012:user/zoë-{i}",
        Action = "steward:DescribeModelCard",
        ResourceArn = i % 2 == 0 ? null : $"arn:aws:sagemaker:us-east-1:123456789012:model-card/café-日本-{i}",
        SourceIp = "127.0.0.1",
        UserAgent = i % 5 == 0 ? null : "tést/1.0 \"quoted\" \\ back",
        RequestId = $"{marker}-{kind}-{i:D4}",
        Outcome = AuditOutcome.Allowed,
        ErrorCode = i % 4 == 0 ? "AccessDenied" : null,
        PreviousHash = new string('a', 64),
        Hash = new string('b', 64),
        LeafHash = new string('c', 64),
    };

    // Every column but the identity and the ones the twins differ in by construction.
    private static object?[] Columns(AuditRecord r) =>
        [r.Time, r.AccountId, r.PrincipalArn, r.Action, r.ResourceArn, r.SourceIp, r.UserAgent, r.Outcome, r.ErrorCode, r.PreviousHash, r.Hash, r.LeafHash];
}
