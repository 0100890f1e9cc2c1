"""Gradescope's autograder for one assignment, in Otter-Grader's split (one module per verb):

    generate.py   `dlgrade gradescope`: the autograder zip (setup.sh, run_autograder, the
                  engine as a wheel, the assignment's folder and the course's oracle packages)
    run.py        what run_autograder runs inside Gradescope's container: grade the file in
                  /autograder/submission into /autograder/results/results.json

results.json itself is `grader.report.gradescope` (the batch writes the same format).
"""
