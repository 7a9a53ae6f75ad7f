using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Steward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RequireApprovedModelCardForPackageApproval",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: true); // existing accounts get the gate too: on by default (the model has no default, so that false is stored as false)

            migrationBuilder.CreateTable(
                name: "model_package_groups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    NameLower = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Description = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_package_groups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    NameLower = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Algorithm = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    ContainerImage = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    HyperParametersJson = table.Column<string>(type: "text", nullable: false),
                    MetricsJson = table.Column<string>(type: "text", nullable: false),
                    InputDatasetsJson = table.Column<string>(type: "text", nullable: false),
                    OutputModelArtifact = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    StartTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "model_packages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    GroupId = table.Column<long>(type: "bigint", nullable: false),
                    GroupName = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    PackageVersion = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    InferenceSpecificationJson = table.Column<string>(type: "text", nullable: true),
                    ModelMetricsJson = table.Column<string>(type: "text", nullable: true),
                    CustomerMetadataJson = table.Column<string>(type: "text", nullable: false),
                    SourceUri = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    MetadataPropertiesJson = table.Column<string>(type: "text", nullable: true),
                    LifeCycleStage = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    LifeCycleStageStatus = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    LifeCycleStageDescription = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    ApprovalStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ApprovalDescription = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    ModelCardId = table.Column<long>(type: "bigint", nullable: true),
                    TrainingJobId = table.Column<long>(type: "bigint", nullable: true),
                    ClientToken = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    LastModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastModifiedBy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_packages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_packages_model_cards_ModelCardId",
                        column: x => x.ModelCardId,
                        principalTable: "model_cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_model_packages_model_package_groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "model_package_groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_model_packages_training_jobs_TrainingJobId",
                        column: x => x.TrainingJobId,
                        principalTable: "training_jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "model_package_approval_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PackageId = table.Column<long>(type: "bigint", nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_package_approval_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_package_approval_events_model_packages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "model_packages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_model_package_approval_events_PackageId_Time",
                table: "model_package_approval_events",
                columns: new[] { "PackageId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_model_package_groups_AccountId_CreatedAt_Id",
                table: "model_package_groups",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_model_package_groups_AccountId_Name",
                table: "model_package_groups",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_packages_AccountId_ClientToken",
                table: "model_packages",
                columns: new[] { "AccountId", "ClientToken" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_packages_AccountId_CreatedAt_Id",
                table: "model_packages",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_model_packages_GroupId_PackageVersion",
                table: "model_packages",
                columns: new[] { "GroupId", "PackageVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_packages_ModelCardId",
                table: "model_packages",
                column: "ModelCardId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_packages_TrainingJobId",
                table: "model_packages",
                column: "TrainingJobId");

            migrationBuilder.CreateIndex(
                name: "IX_training_jobs_AccountId_CreatedAt_Id",
                table: "training_jobs",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_training_jobs_AccountId_Name",
                table: "training_jobs",
                columns: new[] { "AccountId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_package_approval_events");

            migrationBuilder.DropTable(
                name: "model_packages");

            migrationBuilder.DropTable(
                name: "model_package_groups");

            migrationBuilder.DropTable(
                name: "training_jobs");

            migrationBuilder.DropColumn(
                name: "RequireApprovedModelCardForPackageApproval",
                table: "accounts");
        }
    }
}
