using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HouseholdStandingOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HouseholdVersion",
                table: "household_standings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "household_standings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "HouseholdVersion",
                table: "household_standing_changes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HouseholdVersion",
                table: "household_standings");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "household_standings");

            migrationBuilder.DropColumn(
                name: "HouseholdVersion",
                table: "household_standing_changes");
        }
    }
}
