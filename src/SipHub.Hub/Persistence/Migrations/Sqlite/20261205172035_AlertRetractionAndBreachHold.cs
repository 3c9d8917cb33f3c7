using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AlertRetractionAndBreachHold : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "held_since",
                table: "clocks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "retracted_at",
                table: "alerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retracted_by",
                table: "alerts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "held_since",
                table: "clocks");

            migrationBuilder.DropColumn(
                name: "retracted_at",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "retracted_by",
                table: "alerts");
        }
    }
}
