using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Sqlite
{
    /// <summary>The sender of each inbound message and the unknown-episode flag (set-aside sweep); the senders' index of unsent rows.</summary>
    public partial class UnknownEpisodesAndUnsentIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "principal",
                table: "inbound_messages",
                type: "TEXT",
                nullable: true);

            // False for the episodes already there: the unknown-episode sweep never takes back what the first
            // release kept (its waiting notices stay, as they did then).
            migrationBuilder.AddColumn<bool>(
                name: "awaiting_admission",
                table: "episodes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_inbound_messages_episode_id",
                table: "inbound_messages",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "IX_episodes_created_at",
                table: "episodes",
                column: "created_at",
                filter: "awaiting_admission = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbound_messages_episode_id",
                table: "inbound_messages");

            migrationBuilder.DropIndex(
                name: "IX_episodes_created_at",
                table: "episodes");

            migrationBuilder.DropColumn(
                name: "principal",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "awaiting_admission",
                table: "episodes");
        }
    }
}
