using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Tagging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resource_tags",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ResourceId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resource_tags", x => new { x.AccountId, x.ResourceType, x.ResourceId, x.Key });
                });

            // Card tags move from the model_cards.TagsJson array to the generic tag table.
            migrationBuilder.Sql("""
INSERT INTO "resource_tags" ("AccountId", "ResourceType", "ResourceId", "Key", "Value", "Version")
SELECT c."AccountId", 'model-card', c."Name", json_extract(t.value, '$.key'), json_extract(t.value, '$.value'), 0
FROM "model_cards" AS c, json_each(c."TagsJson") AS t
""");

            // SQLite (3.35+) drops the column in place; EF's DropColumn would rebuild the whole table.
            migrationBuilder.Sql("""ALTER TABLE "model_cards" DROP COLUMN "TagsJson";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TagsJson",
                table: "model_cards",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.Sql("""
UPDATE "model_cards" SET "TagsJson" = COALESCE((
    SELECT json_group_array(json_object('key', t."Key", 'value', t."Value")) FROM "resource_tags" AS t
    WHERE t."AccountId" = "model_cards"."AccountId" AND t."ResourceType" = 'model-card' AND t."ResourceId" = "model_cards"."Name"), '[]')
""");

            migrationBuilder.DropTable(
                name: "resource_tags");
        }
    }
}
