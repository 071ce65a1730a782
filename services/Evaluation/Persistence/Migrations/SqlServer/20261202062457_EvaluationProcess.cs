using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Evaluation.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EvaluationProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ArchivedAt",
                table: "evaluations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "FinalScore",
                table: "evaluations",
                type: "decimal(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "evaluations",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProcessJson",
                table: "evaluations",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "evaluations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "allocation_facts",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Source = table.Column<int>(type: "int", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Reversed = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_facts", x => new { x.RunId, x.OrganisationPath });
                });

            migrationBuilder.CreateTable(
                name: "decision_facts",
                columns: table => new
                {
                    DecisionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    HouseholdId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AidType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<int>(type: "int", nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ApplicationCompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Frequency = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_facts", x => x.DecisionId);
                });

            migrationBuilder.CreateTable(
                name: "household_facts",
                columns: table => new
                {
                    HouseholdId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ArchivedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_facts", x => x.HouseholdId);
                });

            migrationBuilder.CreateTable(
                name: "payment_facts",
                columns: table => new
                {
                    PaymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    HouseholdId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AidType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Source = table.Column<int>(type: "int", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SettledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SettledAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_facts", x => x.PaymentId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_evaluations_Year",
                table: "evaluations",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_decision_facts_OrganisationPath",
                table: "decision_facts",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_household_facts_OrganisationPath",
                table: "household_facts",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_payment_facts_OrganisationPath",
                table: "payment_facts",
                column: "OrganisationPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allocation_facts");

            migrationBuilder.DropTable(
                name: "decision_facts");

            migrationBuilder.DropTable(
                name: "household_facts");

            migrationBuilder.DropTable(
                name: "payment_facts");

            migrationBuilder.DropIndex(
                name: "IX_evaluations_Year",
                table: "evaluations");

            migrationBuilder.DropColumn(
                name: "ArchivedAt",
                table: "evaluations");

            migrationBuilder.DropColumn(
                name: "FinalScore",
                table: "evaluations");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "evaluations");

            migrationBuilder.DropColumn(
                name: "ProcessJson",
                table: "evaluations");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "evaluations");
        }
    }
}
