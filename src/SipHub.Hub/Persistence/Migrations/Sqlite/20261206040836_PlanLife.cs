using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanLife : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "consent_lapses_at",
                table: "plans",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_consent_lapses_at",
                table: "plans",
                column: "consent_lapses_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_plans_consent_lapses_at",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "consent_lapses_at",
                table: "plans");
        }
    }
}
