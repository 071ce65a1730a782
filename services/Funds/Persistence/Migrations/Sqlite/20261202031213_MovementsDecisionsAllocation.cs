using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MovementsDecisionsAllocation : Migration
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
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Earmarked");

            migrationBuilder.AddColumn<string>(
                name: "SpecialFund",
                table: "fund_accounts",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "allocation_formulas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    VolumeWeight = table.Column<decimal>(type: "TEXT", precision: 12, scale: 6, nullable: false),
                    ScoreWeight = table.Column<decimal>(type: "TEXT", precision: 12, scale: 6, nullable: false),
                    UngradedFactor = table.Column<decimal>(type: "TEXT", precision: 12, scale: 6, nullable: false),
                    GradeFactorsJson = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_formulas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocation_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    PoolFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FormulaJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreviousRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    CommittedKey = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CommittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CommittedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TransactionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "fiscal_year_closings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CarriedOverFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fiscal_year_closings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "fund_movements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PayerPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalPayer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SpecialFund = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    TransactionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
                name: "public_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    EndsOnProvisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "retained_funds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    RetainedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retained_funds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "use_deadlines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SetAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_use_deadlines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocation_run_lines",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ApplicantPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApprovedVolumeFen = table.Column<long>(type: "INTEGER", nullable: false),
                    VolumeSource = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReviewScore = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Households = table.Column<long>(type: "INTEGER", nullable: false),
                    GradeFactor = table.Column<decimal>(type: "TEXT", precision: 12, scale: 6, nullable: false),
                    Weight = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    RawShareFen = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    FlooredFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RemainderFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RemainderRank = table.Column<int>(type: "INTEGER", nullable: false),
                    ShareFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_run_lines", x => new { x.RunId, x.Position });
                    table.ForeignKey(
                        name: "FK_allocation_run_lines_allocation_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "allocation_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assistance_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecipientReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NonArchivedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StudentReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AidType = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    MeetingReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ApplicationCompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HigherEducation = table.Column<bool>(type: "INTEGER", nullable: false),
                    CompliantCostsFen = table.Column<long>(type: "INTEGER", nullable: true),
                    BasicInsuranceFen = table.Column<long>(type: "INTEGER", nullable: true),
                    SeriousIllnessInsuranceFen = table.Column<long>(type: "INTEGER", nullable: true),
                    SupplementaryInsuranceFen = table.Column<long>(type: "INTEGER", nullable: true),
                    WorkerMutualAidFen = table.Column<long>(type: "INTEGER", nullable: true),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assistance_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assistance_decisions_fund_accounts_SourceAccountId",
                        column: x => x.SourceAccountId,
                        principalTable: "fund_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assistance_decisions_public_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "public_notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_objections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_objections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_objections_public_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "public_notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "decision_instalments",
                columns: table => new
                {
                    DecisionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_instalments", x => new { x.DecisionId, x.Number });
                    table.ForeignKey(
                        name: "FK_decision_instalments_assistance_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "assistance_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fund_accounts_OrganisationPath_FiscalYear_Source_SpecialFund_Kind",
                table: "fund_accounts",
                columns: new[] { "OrganisationPath", "FiscalYear", "Source", "SpecialFund", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_formulas_OrganisationPath",
                table: "allocation_formulas",
                column: "OrganisationPath",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_run_lines_RunId_ApplicantPath",
                table: "allocation_run_lines",
                columns: new[] { "RunId", "ApplicantPath" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_runs_CommittedKey",
                table: "allocation_runs",
                column: "CommittedKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_runs_OrganisationPath_Year_Source_Number",
                table: "allocation_runs",
                columns: new[] { "OrganisationPath", "Year", "Source", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_runs_TransactionId",
                table: "allocation_runs",
                column: "TransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assistance_decisions_HouseholdId_AidType",
                table: "assistance_decisions",
                columns: new[] { "HouseholdId", "AidType" });

            migrationBuilder.CreateIndex(
                name: "IX_assistance_decisions_NoticeId",
                table: "assistance_decisions",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_assistance_decisions_OrganisationPath",
                table: "assistance_decisions",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_assistance_decisions_RecipientReference_AidType",
                table: "assistance_decisions",
                columns: new[] { "RecipientReference", "AidType" });

            migrationBuilder.CreateIndex(
                name: "IX_assistance_decisions_SourceAccountId",
                table: "assistance_decisions",
                column: "SourceAccountId");

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
                name: "IX_notice_objections_DecisionId",
                table: "notice_objections",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_notice_objections_NoticeId",
                table: "notice_objections",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_public_notices_OrganisationPath",
                table: "public_notices",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_retained_funds_OrganisationPath_Year",
                table: "retained_funds",
                columns: new[] { "OrganisationPath", "Year" },
                unique: true);

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
                name: "allocation_formulas");

            migrationBuilder.DropTable(
                name: "allocation_run_lines");

            migrationBuilder.DropTable(
                name: "decision_instalments");

            migrationBuilder.DropTable(
                name: "fiscal_year_closings");

            migrationBuilder.DropTable(
                name: "fund_movements");

            migrationBuilder.DropTable(
                name: "notice_objections");

            migrationBuilder.DropTable(
                name: "retained_funds");

            migrationBuilder.DropTable(
                name: "use_deadlines");

            migrationBuilder.DropTable(
                name: "allocation_runs");

            migrationBuilder.DropTable(
                name: "assistance_decisions");

            migrationBuilder.DropTable(
                name: "public_notices");

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
