using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Audit.Integrity;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Audit;

/// <summary>The stored log and its exports are tamper-evident end to end, on both providers.</summary>
public sealed class AuditIntegrityHttpTests
{
    private static async Task<StewardServer> ServerWithActivityAsync(Provider provider)
    {
        var server = await StewardServer.StartAsync(provider);
        var admin = server.CreateAdminClient();
        for (var i = 0; i < 6; i++)
        {
            await admin.ListAccessKeysAsync();
        }

        var key = await admin.CreateAccessKeyAsync();
        await admin.SetAccessKeyStatusAsync(key.AccessKeyId, "Inactive");

        // Seal what is queued, so that the records the tests tamper with have their positions.
        await server.Services.GetRequiredService<Steward.Server.Audit.AuditTrail>().FlushAsync(forceCheckpoint: false, default);
        return server;
    }

    private static async Task<string[]> ExportAsync(StewardServer server)
    {
        using var buffer = new MemoryStream();
        await server.CreateAdminClient().ExportAuditAsync(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static AuditBundleVerification Verify(IEnumerable<string> lines) =>
        AuditBundleVerifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_export_verifies_offline_and_covers_the_whole_log(Provider provider)
    {
        await using var server = await ServerWithActivityAsync(provider);
        var lines = await ExportAsync(server);
        var result = Verify(lines);
        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.True(result.RecordsChecked >= 8);
        Assert.True(result.CoversWholeLog);
        Assert.True(result.CheckpointsChecked >= 1);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    [InlineData("reorder")]
    [InlineData("insert")]
    public async Task Tampering_with_an_export_is_found_at_its_first_bad_line(string tampering)
    {
        await using var server = await ServerWithActivityAsync(Provider.Sqlite);
        var lines = (await ExportAsync(server)).ToList();
        var firstRecord = lines.FindIndex(l => l.StartsWith("{\"type\":\"record\"", StringComparison.Ordinal));
        var target = firstRecord + 3;
        switch (tampering)
        {
            case "edit":
                var edited = JsonNode.Parse(lines[target])!;
                edited["outcome"] = "Denied";
                lines[target] = edited.ToJsonString();
                break;
            case "delete":
                lines.RemoveAt(target);
                break;
            case "reorder":
                (lines[target], lines[target + 1]) = (lines[target + 1], lines[target]);
                break;
            default:
                lines.Insert(target, lines[target - 1]);
                break;
        }

        var result = Verify(lines);
        Assert.False(result.IsValid);
        Assert.Equal(target + 1, result.Failure!.Line);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Online_verification_passes_and_then_names_a_record_edited_in_the_database(Provider provider)
    {
        await using var server = await ServerWithActivityAsync(provider);
        var admin = server.CreateAdminClient();
        var clean = await admin.VerifyAuditAsync();
        Assert.True(clean.Valid, clean.Reason);
        Assert.True(clean.RecordsChecked >= 8);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            await db.AuditRecords.Where(r => r.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, "Denied"));
        }

        var tampered = await admin.VerifyAuditAsync();
        Assert.False(tampered.Valid);
        Assert.Equal(3, tampered.FirstBadSequence);
    }

    [Fact]
    public async Task Online_verification_finds_a_deleted_record()
    {
        await using var server = await ServerWithActivityAsync(Provider.Sqlite);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            await db.AuditRecords.Where(r => r.Sequence == 4).ExecuteDeleteAsync();
        }

        var result = await server.CreateAdminClient().VerifyAuditAsync();
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
    }
}
