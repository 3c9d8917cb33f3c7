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
            migrationBuilder.AddColumn<bool>(
                name: "sent_to_units",
                table: "sip_requests",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_lapses_at",
                table: "plans",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_consent_lapses_at",
                table: "plans",
                column: "consent_lapses_at");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_clock_subject",
                table: "alerts",
                columns: new[] { "clock", "subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_plans_consent_lapses_at",
                table: "plans");

            migrationBuilder.DropIndex(
                name: "IX_alerts_clock_subject",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "sent_to_units",
                table: "sip_requests");

            migrationBuilder.DropColumn(
                name: "consent_lapses_at",
                table: "plans");
        }
    }
}
