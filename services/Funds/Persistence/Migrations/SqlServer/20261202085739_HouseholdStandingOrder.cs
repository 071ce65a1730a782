using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "household_standings",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "HouseholdVersion",
                table: "household_standing_changes",
                type: "bigint",
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
