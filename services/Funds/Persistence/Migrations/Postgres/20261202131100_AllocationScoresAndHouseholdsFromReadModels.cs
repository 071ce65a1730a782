using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Postgres
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
                type: "numeric(12,4)",
                precision: 12,
                scale: 4,
                nullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "ReviewScore",
                table: "allocation_run_lines",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(12,4)",
                oldPrecision: 12,
                oldScale: 4);

            migrationBuilder.AddColumn<string>(
                name: "HouseholdsSource",
                table: "allocation_run_lines",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "REQUEST");

            migrationBuilder.AddColumn<int>(
                name: "ScoreProjects",
                table: "allocation_run_lines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ScoreSource",
                table: "allocation_run_lines",
                type: "character varying(30)",
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

            migrationBuilder.AlterColumn<decimal>(
                name: "ReviewScore",
                table: "allocation_run_lines",
                type: "numeric(12,4)",
                precision: 12,
                scale: 4,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(20,10)",
                oldPrecision: 20,
                oldScale: 10);
        }
    }
}
