using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StandardsTranchesCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allowance_standards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    MonthlyFen = table.Column<long>(type: "bigint", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_standards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payment_standards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AidType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_standards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_fundings",
                columns: table => new
                {
                    ProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FunderPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    TotalFen = table.Column<long>(type: "bigint", nullable: true),
                    ApprovedSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    CurrentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    SubsidySince = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_fundings", x => x.ProjectId);
                });

            migrationBuilder.CreateTable(
                name: "working_calendar_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "int", nullable: false),
                    Holidays = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    WorkingWeekends = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    NoticeReference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SetBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_working_calendar_years", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "project_tranches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Stage = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PendingReason = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Note = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    TransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    PostedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    EventId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_tranches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_project_tranches_project_fundings_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "project_fundings",
                        principalColumn: "ProjectId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_allowance_standards_OrganisationPath_EffectiveFrom",
                table: "allowance_standards",
                columns: new[] { "OrganisationPath", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payment_standards_OrganisationPath_AidType_EffectiveFrom",
                table: "payment_standards",
                columns: new[] { "OrganisationPath", "AidType", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_project_fundings_FunderPath",
                table: "project_fundings",
                column: "FunderPath");

            migrationBuilder.CreateIndex(
                name: "IX_project_fundings_OrganisationPath",
                table: "project_fundings",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_project_tranches_ProjectId_Stage",
                table: "project_tranches",
                columns: new[] { "ProjectId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_project_tranches_Status",
                table: "project_tranches",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_project_tranches_TransactionId",
                table: "project_tranches",
                column: "TransactionId",
                unique: true,
                filter: "[TransactionId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allowance_standards");

            migrationBuilder.DropTable(
                name: "payment_standards");

            migrationBuilder.DropTable(
                name: "project_tranches");

            migrationBuilder.DropTable(
                name: "working_calendar_years");

            migrationBuilder.DropTable(
                name: "project_fundings");
        }
    }
}
