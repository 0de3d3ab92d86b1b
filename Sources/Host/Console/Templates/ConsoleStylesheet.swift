/// The console's stylesheet: plain CSS, system fonts, colours with at least 4.5:1 contrast,
/// visible keyboard focus, readable from a laptop screen up.
enum ConsoleStylesheet {
    static let css = """
        :root {
          --ink: #1b1f24; --muted: #4a5360; --paper: #ffffff; --wash: #f3f5f8; --line: #c9d1db;
          --accent: #0b5cad; --accent-ink: #ffffff; --focus: #f2a900;
          --ok-bg: #e3f4e8; --ok-ink: #135c2b; --warn-bg: #fff2d6; --warn-ink: #6b4600;
          --bad-bg: #fde5e4; --bad-ink: #8a1c16; --info-bg: #e4eefb; --info-ink: #0b4a8c;
        }
        * { box-sizing: border-box; }
        html { font-size: 100%; }
        body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
          color: var(--ink); background: var(--wash); }
        a { color: var(--accent); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: .5rem 1rem; }
        .skip:focus { left: 1rem; z-index: 10; }
        .top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
          padding: .75rem 1.5rem; background: #17324d; color: #ffffff; }
        .top a, .top .link-button { color: #ffffff; }
        .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
        .top-nav { display: flex; align-items: center; gap: 1rem; }
        .who { color: #dce6f0; }
        .crumbs { padding: .5rem 1.5rem 0; max-width: 78rem; margin: 0 auto; }
        .crumbs ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
        .crumbs li + li::before { content: "›"; margin: 0 .35rem; color: var(--muted); }
        .crumbs [aria-current] { color: var(--muted); }
        main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        main:focus { outline: none; }
        h1 { font-size: 1.75rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; }
        h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem;
          margin: 0 0 1rem; }
        .card > h2:first-child, .card > h3:first-child, .card > h4:first-child { margin-top: 0; }
        .narrow { max-width: 28rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
        table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); }
        caption { text-align: left; font-weight: 600; padding: .5rem 0; }
        th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: #e9edf2; font-weight: 600; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        dl.settings { display: grid; grid-template-columns: minmax(12rem, 18rem) 1fr; gap: .5rem 1rem; margin: 0; }
        dl.settings dt { font-weight: 600; }
        dl.settings dd { margin: 0; }
        .hint { color: var(--muted); font-size: .925rem; }
        .badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .875rem;
          font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
        .badge.ok { background: var(--ok-bg); color: var(--ok-ink); }
        .badge.warn { background: var(--warn-bg); color: var(--warn-ink); }
        .badge.bad { background: var(--bad-bg); color: var(--bad-ink); }
        .badge.info { background: var(--info-bg); color: var(--info-ink); }
        .badge.neutral { background: var(--wash); color: var(--muted); }
        .message { padding: .75rem 1rem; border-radius: 6px; border-left: 5px solid currentColor; }
        .message.error { background: var(--bad-bg); color: var(--bad-ink); }
        .message.ok { background: var(--ok-bg); color: var(--ok-ink); }
        .message.info { background: var(--info-bg); color: var(--info-ink); }
        label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
        input[type=password], input[type=email], input[type=text] { width: 100%; padding: .55rem .65rem;
          font: inherit; border: 1px solid #6b7685; border-radius: 6px; background: var(--paper); color: var(--ink); }
        button { font: inherit; cursor: pointer; }
        .primary { margin-top: .75rem; padding: .55rem 1.1rem; border: 0; border-radius: 6px;
          background: var(--accent); color: var(--accent-ink); font-weight: 600; }
        .primary:hover { background: #084a8c; }
        .link-button { background: none; border: 0; padding: 0; text-decoration: underline; color: var(--accent); }
        form.inline { display: inline; margin: 0; }
        .row { display: flex; gap: .75rem; align-items: flex-end; flex-wrap: wrap; }
        .row > .grow { flex: 1 1 18rem; }
        .warning { border-left: 5px solid var(--warn-ink); }
        .warning.error { border-left-color: var(--bad-ink); }
        .warning h4 { margin: 0 0 .25rem; font-size: 1rem; }
        .todo { margin: .25rem 0 .5rem; }
        ul.items { margin: .25rem 0 0; padding-left: 1.25rem; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
        progress { width: 100%; height: 1.25rem; }
        .counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0; padding: 0; list-style: none; }
        .bottom { max-width: 78rem; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--muted); font-size: .875rem; }
        """
}
