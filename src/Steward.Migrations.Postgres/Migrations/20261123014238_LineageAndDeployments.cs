using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Steward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LineageAndDeployments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "endpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    NameLower = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CurrentDeployment = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    LastModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModifiedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_endpoints", x => x.Id);
                });

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
                name: "transform_jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    NameLower = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    ModelPackageId = table.Column<long>(type: "bigint", nullable: true),
                    ModelPackageArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    InputUri = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    OutputUri = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    InstanceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    InstanceCount = table.Column<int>(type: "integer", nullable: true),
                    StartTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    LastModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModifiedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transform_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_transform_jobs_model_packages_ModelPackageId",
                        column: x => x.ModelPackageId,
                        principalTable: "model_packages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "endpoint_deployments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EndpointId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ModelPackageId = table.Column<long>(type: "bigint", nullable: true),
                    ModelPackageArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    InstanceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InstanceCount = table.Column<int>(type: "integer", nullable: false),
                    VariantName = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    DataCaptureJson = table.Column<string>(type: "text", nullable: true),
                    RollbackTo = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    DeployedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeployedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_endpoint_deployments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_endpoint_deployments_endpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "endpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_endpoint_deployments_model_packages_ModelPackageId",
                        column: x => x.ModelPackageId,
                        principalTable: "model_packages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
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
                name: "IX_endpoint_deployments_EndpointId_Sequence",
                table: "endpoint_deployments",
                columns: new[] { "EndpointId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_endpoint_deployments_ModelPackageId",
                table: "endpoint_deployments",
                column: "ModelPackageId");

            migrationBuilder.CreateIndex(
                name: "IX_endpoints_AccountId_Name",
                table: "endpoints",
                columns: new[] { "AccountId", "Name" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_transform_jobs_AccountId_CreatedAt_Id",
                table: "transform_jobs",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_transform_jobs_AccountId_Name",
                table: "transform_jobs",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transform_jobs_ModelPackageId",
                table: "transform_jobs",
                column: "ModelPackageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "endpoint_deployments");

            migrationBuilder.DropTable(
                name: "lineage_associations");

            migrationBuilder.DropTable(
                name: "transform_jobs");

            migrationBuilder.DropTable(
                name: "endpoints");

            migrationBuilder.DropTable(
                name: "lineage_entities");
        }
    }
}
