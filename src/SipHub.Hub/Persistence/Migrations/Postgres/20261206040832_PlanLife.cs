using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlanLife : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_lapses_at",
                table: "plans",
                type: "timestamp with time zone",
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
