// The history report (issue 5).
