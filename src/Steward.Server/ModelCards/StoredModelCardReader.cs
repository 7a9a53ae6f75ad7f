using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
    private sealed record Statement(string Sql, RelationalTypeMapping Account, RelationalTypeMapping Name, RelationalTypeMapping Version,
        RelationalTypeMapping TagAccount, RelationalTypeMapping TagType, RelationalTypeMapping TagResource);

    private static readonly ConditionalWeakTable<IModel, Statement> Statements = [];

    public static Task<StoredModelCard?> ReadAsync(PreparedReads reads, StewardDbContext db, string accountId, string name, int? version, CancellationToken cancellationToken)
    {
        var statement = Statements.GetValue(db.Model, _ => Build(db));
        ReadParameter[] parameters =
        [
            new("account", statement.Account, accountId),
            new("name", statement.Name, name),
            new("version", statement.Version, version),
            new("tag_account", statement.TagAccount, accountId),
            new("tag_type", statement.TagType, ModelCardService.ResourceType),
            new("tag_resource", statement.TagResource, name),
        ];
        return reads.ReadAsync(db, statement.Sql, parameters, async (reader, token) =>
        {
            if (!await reader.ReadAsync(token))
            {
                return null;
            }

            return ReadCard(reader, accountId, name) with { Tags = ReadTags(reader, 18) };
        }, cancellationToken);
    }

    private static StoredModelCard ReadCard(DbDataReader reader, string accountId, string name)
    {
        var hasVersion = !reader.IsDBNull(11);
        return new StoredModelCard(
            Id: reader.GetInt64(0),
            RowVersion: reader.GetInt64(1),
            AccountId: accountId,
            Name: name,
            Status: Enum.Parse<ModelCardStatus>(reader.GetString(2)),
            LatestVersion: reader.GetInt32(3),
            ModelId: StringOrNull(reader, 4),
            RiskRating: StringOrNull(reader, 5),
            KmsKeyId: StringOrNull(reader, 6),
            CreatedAt: Utc(reader.GetDateTime(7)),
            CreatedBy: reader.GetString(8),
            LastModifiedAt: Utc(reader.GetDateTime(9)),
            LastModifiedBy: reader.GetString(10),
            Version: hasVersion ? reader.GetInt32(11) : null,
            Content: hasVersion ? Utf8(reader, 12) : null,
            VersionCreatedAt: hasVersion ? Utc(reader.GetDateTime(13)) : null,
            VersionCreatedBy: hasVersion ? reader.GetString(14) : null,
            ContentSha256: hasVersion ? reader.GetString(15) : null,
            Hash: hasVersion ? reader.GetString(16) : null,
            PreviousHash: hasVersion ? StringOrNull(reader, 17) : null);
    }

    // Content goes out as the UTF-8 it is stored in, never as a UTF-16 string (for a large card, a large-object-heap
    // allocation per describe): SQLite hands a text's bytes over as a blob; Npgsql streams any column's raw bytes.
    private static byte[] Utf8(DbDataReader reader, int ordinal)
    {
        if (reader is SqliteDataReader)
        {
            return reader.GetFieldValue<byte[]>(ordinal);
        }

        using var stream = reader.GetStream(ordinal);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    // The tags come as one JSON array of [key, value] pairs, or null for none (PostgreSQL's json_agg of no rows).
    private static List<Tag> ReadTags(DbDataReader reader, int ordinal)
    {
        var tags = new List<Tag>();
        if (reader.IsDBNull(ordinal))
        {
            return tags;
        }

        var json = new Utf8JsonReader(Utf8(reader, ordinal));
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

    private static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Instants are stored in UTC on both providers (UtcDateTimeConverter); SQLite's reader forgets the kind.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static Statement Build(StewardDbContext db)
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
        RelationalTypeMapping Mapping(IEntityType type, string property) => type.FindProperty(property)!.GetRelationalTypeMapping();
        return new Statement(text, Mapping(cards, "AccountId"), Mapping(cards, "Name"), Mapping(cards, "LatestVersion"),
            Mapping(tags, "AccountId"), Mapping(tags, "ResourceType"), Mapping(tags, "ResourceId"));
    }
}
