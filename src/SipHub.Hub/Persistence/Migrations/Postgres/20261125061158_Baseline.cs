using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <summary>
    /// The schema of the last release without migrations (commit 5b9adf3), as its EnsureCreated made it; a database
    /// of that release has no history and is recorded as at this migration (<c>SchemaMigrations</c>).
    /// </summary>
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    who = table.Column<string>(type: "text", nullable: false),
                    view = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    patient_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    alert_id = table.Column<string>(type: "text", nullable: false),
                    episode_id = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: false),
                    clock = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "text", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    responsible_hsa_id = table.Column<string>(type: "text", nullable: false),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.alert_id);
                });

            migrationBuilder.CreateTable(
                name: "clocks",
                columns: table => new
                {
                    episode_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    clock = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    warn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state_after_due = table.Column<string>(type: "text", nullable: false),
                    warning_raised = table.Column<bool>(type: "boolean", nullable: false),
                    due_handled = table.Column<bool>(type: "boolean", nullable: false),
                    next_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    responsible_hsa_id = table.Column<string>(type: "text", nullable: false),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    liable_days = table.Column<int>(type: "integer", nullable: true),
                    liable_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    due_month = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clocks", x => new { x.episode_id, x.clock });
                });

            migrationBuilder.CreateTable(
                name: "episode_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    episode_id = table.Column<string>(type: "text", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    sender_hsa_id = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_episode_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "episodes",
                columns: table => new
                {
                    episode_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_episodes", x => x.episode_id);
                });

            migrationBuilder.CreateTable(
                name: "inbound_messages",
                columns: table => new
                {
                    sender_hsa_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    message_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    episode_id = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_messages", x => new { x.sender_hsa_id, x.message_id });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    exchange = table.Column<string>(type: "text", nullable: false),
                    routing_key = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    correlation_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    episode_id = table.Column<string>(type: "text", nullable: true),
                    order_key = table.Column<string>(type: "text", nullable: true),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    receipt_overdue_raised = table.Column<bool>(type: "boolean", nullable: false),
                    trace_parent = table.Column<string>(type: "text", nullable: true),
                    receipt_status = table.Column<string>(type: "text", nullable: true),
                    receipt_reason = table.Column<string>(type: "text", nullable: true),
                    receipt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retried_by = table.Column<string>(type: "text", nullable: true),
                    retried_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "participants",
                columns: table => new
                {
                    hsa_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    organisation = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: true),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: false),
                    endpoint = table.Column<string>(type: "text", nullable: true),
                    broker_user = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participants", x => x.hsa_id);
                });

            migrationBuilder.CreateTable(
                name: "plan_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    protected_identity = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    plan_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    episode_id = table.Column<string>(type: "text", nullable: true),
                    sender_hsa_id = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    established_on = table.Column<DateOnly>(type: "date", nullable: true),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    target_group = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans", x => x.plan_id);
                });

            migrationBuilder.CreateTable(
                name: "set_aside_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: true),
                    message_id = table.Column<string>(type: "text", nullable: true),
                    principal = table.Column<string>(type: "text", nullable: true),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    errors = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    replay_attempts = table.Column<int>(type: "integer", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_by = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_set_aside_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_patient_id_id",
                table: "access_log",
                columns: new[] { "patient_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_who_id",
                table: "access_log",
                columns: new[] { "who", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_episode_id_clock_level_due_at_subject",
                table: "alerts",
                columns: new[] { "episode_id", "clock", "level", "due_at", "subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_raised_at",
                table: "alerts",
                column: "raised_at");

            migrationBuilder.CreateIndex(
                name: "IX_clocks_clock_due_at",
                table: "clocks",
                columns: new[] { "clock", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_clocks_next_fire_at",
                table: "clocks",
                column: "next_fire_at");

            migrationBuilder.CreateIndex(
                name: "IX_clocks_state_due_at",
                table: "clocks",
                columns: new[] { "state", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_episode_events_episode_id_sequence",
                table: "episode_events",
                columns: new[] { "episode_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_episodes_status",
                table: "episodes",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_inbound_messages_received_at",
                table: "inbound_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_accepted",
                table: "outbox_messages",
                columns: new[] { "routing_key", "receipt_at" },
                filter: "receipt_status = 'accepted'");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_awaiting_receipt",
                table: "outbox_messages",
                column: "id",
                filter: "exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_episode_id",
                table: "outbox_messages",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_routing_key_id",
                table: "outbox_messages",
                columns: new[] { "routing_key", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_routing_key_order_key_id",
                table: "outbox_messages",
                columns: new[] { "routing_key", "order_key", "id" },
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_sent_at_id",
                table: "outbox_messages",
                columns: new[] { "sent_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unanswered",
                table: "outbox_messages",
                columns: new[] { "routing_key", "sent_at" },
                filter: "exchange = 'siphub.outbound' AND receipt_status IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_plan_versions_plan_id_version",
                table: "plan_versions",
                columns: new[] { "plan_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_episode_id",
                table: "plans",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "IX_plans_established_on",
                table: "plans",
                column: "established_on");

            migrationBuilder.CreateIndex(
                name: "IX_set_aside_messages_status_received_at",
                table: "set_aside_messages",
                columns: new[] { "status", "received_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "clocks");

            migrationBuilder.DropTable(
                name: "episode_events");

            migrationBuilder.DropTable(
                name: "episodes");

            migrationBuilder.DropTable(
                name: "inbound_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "participants");

            migrationBuilder.DropTable(
                name: "plan_versions");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "set_aside_messages");
        }
    }
}
