using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Movements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_fund_accounts_OrganisationPath_FiscalYear_Source",
                table: "fund_accounts");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "fund_accounts",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Earmarked");

            migrationBuilder.AddColumn<string>(
                name: "SpecialFund",
                table: "fund_accounts",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "fiscal_year_closings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    TransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CarriedOverFen = table.Column<long>(type: "bigint", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fiscal_year_closings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "fund_movements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PayerPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FromAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ToAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ExternalPayer = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Reference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Memo = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    SpecialFund = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    TransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fund_movements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_fund_movements_fund_accounts_FromAccountId",
                        column: x => x.FromAccountId,
                        principalTable: "fund_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_fund_movements_fund_accounts_ToAccountId",
                        column: x => x.ToAccountId,
                        principalTable: "fund_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_fund_movements_ledger_transactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "ledger_transactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "use_deadlines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SetBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_use_deadlines", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fund_accounts_OrganisationPath_FiscalYear_Source_SpecialFund_Kind",
                table: "fund_accounts",
                columns: new[] { "OrganisationPath", "FiscalYear", "Source", "SpecialFund", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_fiscal_year_closings_OrganisationPath_FiscalYear",
                table: "fiscal_year_closings",
                columns: new[] { "OrganisationPath", "FiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_fund_movements_FromAccountId",
                table: "fund_movements",
                column: "FromAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_fund_movements_OrganisationPath_FiscalYear_Kind",
                table: "fund_movements",
                columns: new[] { "OrganisationPath", "FiscalYear", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_fund_movements_PayerPath",
                table: "fund_movements",
                column: "PayerPath");

            migrationBuilder.CreateIndex(
                name: "IX_fund_movements_ToAccountId",
                table: "fund_movements",
                column: "ToAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_fund_movements_TransactionId",
                table: "fund_movements",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_use_deadlines_OrganisationPath_Source_FiscalYear",
                table: "use_deadlines",
                columns: new[] { "OrganisationPath", "Source", "FiscalYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fiscal_year_closings");

            migrationBuilder.DropTable(
                name: "fund_movements");

            migrationBuilder.DropTable(
                name: "use_deadlines");

            migrationBuilder.DropIndex(
                name: "IX_fund_accounts_OrganisationPath_FiscalYear_Source_SpecialFund_Kind",
                table: "fund_accounts");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "fund_accounts");

            migrationBuilder.DropColumn(
                name: "SpecialFund",
                table: "fund_accounts");

            migrationBuilder.CreateIndex(
                name: "IX_fund_accounts_OrganisationPath_FiscalYear_Source",
                table: "fund_accounts",
                columns: new[] { "OrganisationPath", "FiscalYear", "Source" },
                unique: true);
        }
    }
}
