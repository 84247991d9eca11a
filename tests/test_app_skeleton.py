from pilot_helpers import close_welcome, notifications

from amtui.tui.app import AmtuiApp


async def test_sections_switch_with_number_keys_and_quit(book_path):
    app = AmtuiApp(db_path=book_path)
    async with app.run_test() as pilot:
        for key, mode in zip("23451", ["clients", "pipeline", "quota", "reports", "today"], strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "KeysScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_config_toml_remaps_keys_by_binding_id(book_path, tmp_path):
    (tmp_path / "config.toml").write_text('[keys]\n"app.quota" = "f4"\n')
    app = AmtuiApp(db_path=book_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await close_welcome(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "quota"
        await pilot.press("question_mark")
        await pilot.pause()
        from amtui.tui.dialogs.keys import help_rows

        rows = [row for _heading, group in help_rows(app, app.screen.under) for row in group]
        assert ("f4", "Quota: attainment, pace and commission", "app.quota") in rows


async def test_a_broken_config_toml_is_reported_not_fatal(book_path, tmp_path):
    (tmp_path / "config.toml").write_text("[keys\n")
    app = AmtuiApp(db_path=book_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("config.toml" in n.message for n in notifications(app))
