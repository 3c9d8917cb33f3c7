using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetentionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_set_aside_messages_resolved_at",
                table: "set_aside_messages",
                column: "resolved_at");

            migrationBuilder.CreateIndex(
                name: "IX_access_log_at",
                table: "access_log",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_set_aside_messages_resolved_at",
                table: "set_aside_messages");

            migrationBuilder.DropIndex(
                name: "IX_access_log_at",
                table: "access_log");
        }
    }
}
