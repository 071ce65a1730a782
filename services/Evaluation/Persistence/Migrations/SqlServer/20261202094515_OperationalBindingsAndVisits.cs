using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Evaluation.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OperationalBindingsAndVisits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BindingsJson",
                table: "indicator_templates",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "household_facts",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "campaign_windows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    FromDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ToDate = table.Column<DateOnly>(type: "date", nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SetBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_windows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "visit_facts",
                columns: table => new
                {
                    VisitId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_visit_facts", x => x.VisitId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_windows_OrganisationPath_Year_Name",
                table: "campaign_windows",
                columns: new[] { "OrganisationPath", "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_visit_facts_OrganisationPath_VisitedOn",
                table: "visit_facts",
                columns: new[] { "OrganisationPath", "VisitedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaign_windows");

            migrationBuilder.DropTable(
                name: "visit_facts");

            migrationBuilder.DropColumn(
                name: "BindingsJson",
                table: "indicator_templates");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "household_facts");
        }
    }
}
