using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlanWorkList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "follow_up_on",
                table: "plans",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lead_hsa_id",
                table: "plans",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "patient_key",
                table: "plans",
                type: "character varying(160)",
                maxLength: 160,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "plan_units",
                columns: table => new
                {
                    plan_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    hsa_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_units", x => new { x.plan_id, x.hsa_id });
                });

            migrationBuilder.CreateIndex(
                name: "IX_plans_follow_up_on",
                table: "plans",
                column: "follow_up_on");

            migrationBuilder.CreateIndex(
                name: "IX_plans_lead_hsa_id",
                table: "plans",
                column: "lead_hsa_id");

            migrationBuilder.CreateIndex(
                name: "IX_plans_patient_key",
                table: "plans",
                column: "patient_key");

            migrationBuilder.CreateIndex(
                name: "IX_plan_units_hsa_id",
                table: "plan_units",
                column: "hsa_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_units");

            migrationBuilder.DropIndex(
                name: "IX_plans_follow_up_on",
                table: "plans");

            migrationBuilder.DropIndex(
                name: "IX_plans_lead_hsa_id",
                table: "plans");

            migrationBuilder.DropIndex(
                name: "IX_plans_patient_key",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "follow_up_on",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "lead_hsa_id",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "patient_key",
                table: "plans");
        }
    }
}
