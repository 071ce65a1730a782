using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentFollowUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecipientMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payment_notifications_payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_spot_checks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CalledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CalledBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_spot_checks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payment_spot_checks_payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_payment_notifications_BatchId",
                table: "payment_notifications",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_notifications_OrganisationPath",
                table: "payment_notifications",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_payment_notifications_PaymentId",
                table: "payment_notifications",
                column: "PaymentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payment_notifications_Status_NextAttemptAt",
                table: "payment_notifications",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_payment_spot_checks_BatchId_PaymentId",
                table: "payment_spot_checks",
                columns: new[] { "BatchId", "PaymentId" });

            migrationBuilder.CreateIndex(
                name: "IX_payment_spot_checks_OrganisationPath",
                table: "payment_spot_checks",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_payment_spot_checks_PaymentId",
                table: "payment_spot_checks",
                column: "PaymentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_notifications");

            migrationBuilder.DropTable(
                name: "payment_spot_checks");
        }
    }
}
