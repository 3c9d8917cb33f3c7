using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClocksBySubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_clocks",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_alerts_episode_id_clock_level_due_at_subject",
                table: "alerts");

            migrationBuilder.AlterColumn<string>(
                name: "episode_id",
                table: "clocks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);

            migrationBuilder.AddColumn<string>(
                name: "subject",
                table: "clocks",
                type: "character varying(160)",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "plan_id",
                table: "clocks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_id",
                table: "clocks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            // Every clock so far was an episode's. The plan follow-ups move to their plans: PlanBackfill
            // starts one for each active plan's current follow-up date.
            migrationBuilder.Sql("DELETE FROM clocks WHERE clock = 'sip-follow-up';");
            migrationBuilder.Sql("UPDATE clocks SET subject = 'episode:' || episode_id;");

            migrationBuilder.AddPrimaryKey(
                name: "PK_clocks",
                table: "clocks",
                columns: new[] { "subject", "clock" });

            migrationBuilder.CreateIndex(
                name: "IX_clocks_episode_id",
                table: "clocks",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "IX_clocks_plan_id",
                table: "clocks",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "IX_clocks_request_id",
                table: "clocks",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_episode_id_clock_level_due_at_subject",
                table: "alerts",
                columns: new[] { "episode_id", "clock", "level", "due_at", "subject" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_clocks",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_clocks_episode_id",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_clocks_plan_id",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_clocks_request_id",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_alerts_episode_id_clock_level_due_at_subject",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "subject",
                table: "clocks");

            migrationBuilder.DropColumn(
                name: "plan_id",
                table: "clocks");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "clocks");

            migrationBuilder.AlterColumn<string>(
                name: "episode_id",
                table: "clocks",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_clocks",
                table: "clocks",
                columns: new[] { "episode_id", "clock" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_episode_id_clock_level_due_at_subject",
                table: "alerts",
                columns: new[] { "episode_id", "clock", "level", "due_at", "subject" },
                unique: true);
        }
    }
}
