# nbgrader configuration of the course "Paralelismo com Process Pools em Go".
# Copy this folder (notebooks/nbgrader) as the course folder: source/ holds the
# assignment "exercicios" and the header notebook, both written by
# `go run ./notebooks/gen` from notebooks/src/exercicios.txtar.
c = get_config()  # noqa: F821 (nbgrader's config loader defines it)

c.CourseDirectory.course_id = "paralelismo-go"

# The Go kernel (go run ./install): its language is "go".
# nbgrader replaces each "// BEGIN SOLUTION" ... "// END SOLUTION" region (any
# line containing its delimiters, so Go comments work as they are) with this
# stub. `// YOUR CODE HERE` alone would leave a func without a return
# ("missing return"); the panic compiles in any func and at a cell's top level.
c.ClearSolutions.code_stub = {
    "go": '// YOUR CODE HERE\npanic("not implemented")',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A Go header notebook (nbgrader's default examples are Python): the course
# name, how grading works, and log writing to stdout (nbgrader gives 0 points
# to a test cell that writes to stderr).
c.IncludeHeaderFooter.header = "source/header.ipynb"

# Each cell's timeout, in seconds, during validate and autograde. Under
# grading (NBGRADER_EXECUTION set) the exercises use short tasks: the slowest
# cell takes a few seconds, so an endless loop costs a student at most this.
c.Execute.timeout = 60
