using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Steward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Lineage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lineage_entities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Key = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lineage_entities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lineage_associations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    DestinationId = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Manual = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lineage_associations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lineage_associations_lineage_entities_DestinationId",
                        column: x => x.DestinationId,
                        principalTable: "lineage_entities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_lineage_associations_lineage_entities_SourceId",
                        column: x => x.SourceId,
                        principalTable: "lineage_entities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lineage_associations_AccountId_DestinationId_SourceId",
                table: "lineage_associations",
                columns: new[] { "AccountId", "DestinationId", "SourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_lineage_associations_AccountId_SourceId_DestinationId_Type",
                table: "lineage_associations",
                columns: new[] { "AccountId", "SourceId", "DestinationId", "Type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lineage_associations_DestinationId",
                table: "lineage_associations",
                column: "DestinationId");

            migrationBuilder.CreateIndex(
                name: "IX_lineage_associations_SourceId",
                table: "lineage_associations",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_lineage_entities_AccountId_Key",
                table: "lineage_entities",
                columns: new[] { "AccountId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lineage_entities_AccountId_Kind_Id",
                table: "lineage_entities",
                columns: new[] { "AccountId", "Kind", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lineage_associations");

            migrationBuilder.DropTable(
                name: "lineage_entities");
        }
    }
}
