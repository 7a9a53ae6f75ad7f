using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Steward.Server.Storage;

#nullable disable

namespace Steward.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Every committed change to model cards, their versions or tags notifies channel <c>steward_model_cards</c>, so
    /// that each replica drops the cards it keeps for describe (ModelCardChangeListener). A trigger rather than a
    /// NOTIFY sent by Steward: it also hears changes made outside Steward (a restore, an operator's repair).
    /// Notifications are delivered at commit; those of one transaction are folded into one.
    /// </summary>
    [DbContext(typeof(StewardDbContext))]
    [Migration("20261123123000_ModelCardChangeNotifications")]
    public partial class ModelCardChangeNotifications : Migration
    {
        private static readonly string[] Tables = ["model_cards", "model_card_versions", "resource_tags"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION steward_notify_model_cards() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('steward_model_cards', '');
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION steward_notify_model_cards();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER {table}_notify ON "{table}";""");
            }

            migrationBuilder.Sql("DROP FUNCTION steward_notify_model_cards();");
        }
    }
}
