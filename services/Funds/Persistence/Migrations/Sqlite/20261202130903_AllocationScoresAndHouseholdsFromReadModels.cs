using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AllocationScoresAndHouseholdsFromReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every line stored before these columns was computed from figures the caller typed: REQUEST.
            migrationBuilder.AddColumn<decimal>(
                name: "ReviewScore",
                table: "project_fundings",
                type: "TEXT",
                precision: 12,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HouseholdsSource",
                table: "allocation_run_lines",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "REQUEST");

            migrationBuilder.AddColumn<int>(
                name: "ScoreProjects",
                table: "allocation_run_lines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ScoreSource",
                table: "allocation_run_lines",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "REQUEST");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReviewScore",
                table: "project_fundings");

            migrationBuilder.DropColumn(
                name: "HouseholdsSource",
                table: "allocation_run_lines");

            migrationBuilder.DropColumn(
                name: "ScoreProjects",
                table: "allocation_run_lines");

            migrationBuilder.DropColumn(
                name: "ScoreSource",
                table: "allocation_run_lines");
        }
    }
}
