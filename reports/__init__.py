"""Pure presentation shared by the dashboard and the meeting pack: labels, formats, display frames and
chart specs. Never imports streamlit; ui/ renders what this package shapes, reports/pack prints it."""
