using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ModelCardListByStatusAndName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_model_cards_AccountId_Status_Name_NameLower",
                table: "model_cards",
                columns: new[] { "AccountId", "Status", "Name", "NameLower" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_model_cards_AccountId_Status_Name_NameLower",
                table: "model_cards");
        }
    }
}
