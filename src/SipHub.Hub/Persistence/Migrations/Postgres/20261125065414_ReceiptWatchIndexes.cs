using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <summary>The receipt watch's indexes by when a delivery was made or retried (it scanned every delivery awaiting a receipt).</summary>
    public partial class ReceiptWatchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_awaiting_receipt",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_awaiting_receipt",
                table: "outbox_messages",
                column: "created_at",
                filter: "exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_retried_awaiting_receipt",
                table: "outbox_messages",
                column: "retried_at",
                filter: "exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_awaiting_receipt",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_retried_awaiting_receipt",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_awaiting_receipt",
                table: "outbox_messages",
                column: "id",
                filter: "exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE");
        }
    }
}
