using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SipHub.Hub.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SipRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sip_requests",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    sender_hsa_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    invitation_id = table.Column<string>(type: "text", nullable: true),
                    municipality_code = table.Column<string>(type: "text", nullable: true),
                    patient_key = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    protected_identity = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sip_requests", x => x.request_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sip_requests_patient_key",
                table: "sip_requests",
                column: "patient_key");

            migrationBuilder.CreateIndex(
                name: "IX_sip_requests_status_sender_hsa_id",
                table: "sip_requests",
                columns: new[] { "status", "sender_hsa_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sip_requests");
        }
    }
}
