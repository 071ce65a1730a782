using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Allocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allocation_formulas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    VolumeWeight = table.Column<decimal>(type: "decimal(12,6)", precision: 12, scale: 6, nullable: false),
                    ScoreWeight = table.Column<decimal>(type: "decimal(12,6)", precision: 12, scale: 6, nullable: false),
                    UngradedFactor = table.Column<decimal>(type: "decimal(12,6)", precision: 12, scale: 6, nullable: false),
                    GradeFactorsJson = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_formulas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocation_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    PoolFen = table.Column<long>(type: "bigint", nullable: false),
                    FormulaJson = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PreviousRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Number = table.Column<int>(type: "int", nullable: false),
                    CommittedKey = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CommittedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CommittedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    TransactionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "retained_funds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    RetainedFen = table.Column<long>(type: "bigint", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retained_funds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocation_run_lines",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    ApplicantPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ApprovedVolumeFen = table.Column<long>(type: "bigint", nullable: false),
                    VolumeSource = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    ReviewScore = table.Column<decimal>(type: "decimal(12,4)", precision: 12, scale: 4, nullable: false),
                    Grade = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: true),
                    Households = table.Column<long>(type: "bigint", nullable: false),
                    GradeFactor = table.Column<decimal>(type: "decimal(12,6)", precision: 12, scale: 6, nullable: false),
                    Weight = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    RawShareFen = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    FlooredFen = table.Column<long>(type: "bigint", nullable: false),
                    RemainderFen = table.Column<long>(type: "bigint", nullable: false),
                    RemainderRank = table.Column<int>(type: "int", nullable: false),
                    ShareFen = table.Column<long>(type: "bigint", nullable: false)
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
                unique: true,
                filter: "[CommittedKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_allocation_runs_OrganisationPath_Year_Source_Number",
                table: "allocation_runs",
                columns: new[] { "OrganisationPath", "Year", "Source", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocation_runs_TransactionId",
                table: "allocation_runs",
                column: "TransactionId",
                unique: true,
                filter: "[TransactionId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_retained_funds_OrganisationPath_Year",
                table: "retained_funds",
                columns: new[] { "OrganisationPath", "Year" },
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
                name: "retained_funds");

            migrationBuilder.DropTable(
                name: "allocation_runs");
        }
    }
}
