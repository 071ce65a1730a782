using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssistanceDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "public_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    WorkingDays = table.Column<int>(type: "integer", nullable: false),
                    EndsOnProvisional = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assistance_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecipientReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NonArchivedReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    StudentReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AidType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    SourceAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    MeetingReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApplicationCompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    HigherEducation = table.Column<bool>(type: "boolean", nullable: false),
                    CompliantCostsFen = table.Column<long>(type: "bigint", nullable: true),
                    BasicInsuranceFen = table.Column<long>(type: "bigint", nullable: true),
                    SeriousIllnessInsuranceFen = table.Column<long>(type: "bigint", nullable: true),
                    SupplementaryInsuranceFen = table.Column<long>(type: "bigint", nullable: true),
                    WorkerMutualAidFen = table.Column<long>(type: "bigint", nullable: true),
                    Frequency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DecisionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_instalments");

            migrationBuilder.DropTable(
                name: "notice_objections");

            migrationBuilder.DropTable(
                name: "assistance_decisions");

            migrationBuilder.DropTable(
                name: "public_notices");
        }
    }
}
