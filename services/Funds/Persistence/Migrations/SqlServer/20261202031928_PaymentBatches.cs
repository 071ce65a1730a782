using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PaymentBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DueOnOrBefore = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ExportedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ExportedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BatchId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Serial = table.Column<int>(type: "int", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstalmentNumber = table.Column<int>(type: "int", nullable: false),
                    Attempt = table.Column<int>(type: "int", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RecipientReference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    AidType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    SourceAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PostingTransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ReversalTransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SettlementReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    SettledAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payments_assistance_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "assistance_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payments_fund_accounts_SourceAccountId",
                        column: x => x.SourceAccountId,
                        principalTable: "fund_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payments_ledger_transactions_PostingTransactionId",
                        column: x => x.PostingTransactionId,
                        principalTable: "ledger_transactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payments_ledger_transactions_ReversalTransactionId",
                        column: x => x.ReversalTransactionId,
                        principalTable: "ledger_transactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_payments_payment_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "payment_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_payment_batches_OrganisationPath",
                table: "payment_batches",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_payments_BatchId_Serial",
                table: "payments",
                columns: new[] { "BatchId", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_DecisionId_InstalmentNumber_Attempt",
                table: "payments",
                columns: new[] { "DecisionId", "InstalmentNumber", "Attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_OrganisationPath",
                table: "payments",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_payments_PostingTransactionId",
                table: "payments",
                column: "PostingTransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_ReversalTransactionId",
                table: "payments",
                column: "ReversalTransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_SourceAccountId",
                table: "payments",
                column: "SourceAccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "payment_batches");
        }
    }
}
