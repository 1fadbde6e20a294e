"""Learning the ten steps without a project: lessons, check questions and learner progress."""
