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
