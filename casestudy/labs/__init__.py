"""Labs: small deterministic simulations of the case's trade-offs (pure models that
return data), with the views that draw them; `casestudy lab NAME` runs one."""
