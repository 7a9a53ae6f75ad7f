using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Steward.Server.Hosting;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>
/// Reads a card as stored, with one of its versions and its tags, in one statement on the context's
/// connection: describe is the hottest read, and EF's query pipeline (two queries, each with its own connection
/// open, parameter extraction and shaper) cost several times the work the database does for it.
/// </summary>
/// <remarks>
/// The SQL is written once per model from EF's metadata (table and column names, quoting by the provider's SQL
/// generator) and its parameters are made by EF's type mappings, so both providers get the types their indexes
/// expect (a fixed-length account id on PostgreSQL). Everything else about cards goes through EF.
/// </remarks>
internal static class StoredModelCardReader
{
    private static readonly object QueryKey = new();

    public static Task<StoredModelCard?> ReadAsync(PreparedReads reads, Deferred<StewardDbContext> db, string accountId, string name, int? version, CancellationToken cancellationToken)
    {
        var query = reads.Query(QueryKey, db, static db => Build(db.Value));
        // In the order of the query's parameters.
        object?[] values = [accountId, name, version, accountId, ModelCardService.ResourceType, name];
        return reads.ReadRowAsync(db, query, values, (accountId, name), static (row, key) => ReadCard(row, key.accountId, key.name), cancellationToken);
    }

    private static StoredModelCard ReadCard(PreparedRow row, string accountId, string name)
    {
        var hasVersion = !row.IsNull(11);
        return new StoredModelCard(
            Id: row.GetInt64(0),
            RowVersion: row.GetInt64(1),
            AccountId: accountId,
            Name: name,
            Status: ParseStatus(row.GetUtf8(2)),
            LatestVersion: row.GetInt32(3),
            ModelId: row.GetStringOrNull(4),
            RiskRating: row.GetStringOrNull(5),
            KmsKeyId: row.GetStringOrNull(6),
            CreatedAt: row.GetUtcDateTime(7),
            CreatedBy: row.GetString(8),
            LastModifiedAt: row.GetUtcDateTime(9),
            LastModifiedBy: row.GetString(10),
            Version: hasVersion ? row.GetInt32(11) : null,
            // Content goes out as the UTF-8 it is stored in, never as a UTF-16 string (for a large card, a large-object-heap
            // allocation per describe).
            Content: hasVersion ? row.GetUtf8(12).ToArray() : null,
            VersionCreatedAt: hasVersion ? row.GetUtcDateTime(13) : null,
            VersionCreatedBy: hasVersion ? row.GetString(14) : null,
            ContentSha256: hasVersion ? row.GetString(15) : null,
            Hash: hasVersion ? row.GetString(16) : null,
            PreviousHash: hasVersion ? row.GetStringOrNull(17) : null)
        {
            Tags = ReadTags(row, 18),
        };
    }

    private static ModelCardStatus ParseStatus(ReadOnlySpan<byte> utf8)
    {
        Span<char> text = stackalloc char[32];
        var length = System.Text.Encoding.UTF8.GetChars(utf8[..Math.Min(utf8.Length, 32)], text);
        return Enum.Parse<ModelCardStatus>(text[..length]);
    }

    // The tags come as one JSON array of [key, value] pairs, or null for none (PostgreSQL's json_agg of no rows).
    private static List<Tag> ReadTags(PreparedRow row, int ordinal)
    {
        var tags = new List<Tag>();
        if (row.IsNull(ordinal))
        {
            return tags;
        }

        var json = new Utf8JsonReader(row.GetUtf8(ordinal));
        json.Read();
        while (json.Read() && json.TokenType == JsonTokenType.StartArray)
        {
            json.Read();
            var key = json.GetString()!;
            json.Read();
            var value = json.GetString()!;
            json.Read();
            tags.Add(new Tag(key, value));
        }

        tags.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return tags;
    }

    private static PreparedQuery Build(StewardDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var cards = db.Model.FindEntityType(typeof(ModelCard))!;
        var versions = db.Model.FindEntityType(typeof(ModelCardVersion))!;
        var tags = db.Model.FindEntityType(typeof(ResourceTag))!;
        string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
        string Column(string alias, IEntityType type, string property) => $"{alias}.{sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName())}";
        string Parameter(string name) => sql.GenerateParameterNamePlaceholder(name);
        string C(string property) => Column("c", cards, property);
        string V(string property) => Column("v", versions, property);
        string T(string property) => Column("t", tags, property);

        // The card's tags ride along as one JSON column: one statement, one result set (each statement costs PostgreSQL a
        // portal and an executor start of its own). They are put in key order here, not by the database's collation.
        var tagFilter = $"{T("AccountId")} = {Parameter("tag_account")} AND {T("ResourceType")} = {Parameter("tag_type")} AND {T("ResourceId")} = {Parameter("tag_resource")}";
        var tagsJson = db.Database.IsNpgsql()
            ? $"(SELECT json_agg(json_build_array({T("Key")}, {T("Value")}))::text FROM {Table(tags)} AS t WHERE {tagFilter})"
            : $"(SELECT json_group_array(json_array({T("Key")}, {T("Value")})) FROM {Table(tags)} AS t WHERE {tagFilter})";

        // The column order is the one ReadCard and ReadTags read.
        var text = $"""
            SELECT {C("Id")}, {C("Version")}, {C("Status")}, {C("LatestVersion")}, {C("ModelId")}, {C("RiskRating")}, {C("KmsKeyId")},
                   {C("CreatedAt")}, {C("CreatedBy")}, {C("LastModifiedAt")}, {C("LastModifiedBy")},
                   {V("Version")}, {V("Content")}, {V("CreatedAt")}, {V("CreatedBy")}, {V("ContentSha256")}, {V("Hash")}, {V("PreviousHash")},
                   {tagsJson}
            FROM {Table(cards)} AS c
            LEFT JOIN {Table(versions)} AS v ON {V("CardId")} = {C("Id")} AND {V("Version")} = COALESCE({Parameter("version")}, {C("LatestVersion")})
            WHERE {C("AccountId")} = {Parameter("account")} AND {C("Name")} = {Parameter("name")};
            """;
        ReadParameter Of(string name, IEntityType type, string property) => new(name, type.FindProperty(property)!.GetRelationalTypeMapping());
        return new PreparedQuery(text, Of("account", cards, "AccountId"), Of("name", cards, "Name"), Of("version", cards, "LatestVersion"),
            Of("tag_account", tags, "AccountId"), Of("tag_type", tags, "ResourceType"), Of("tag_resource", tags, "ResourceId"));
    }
}
