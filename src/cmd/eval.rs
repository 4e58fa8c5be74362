//! `newsidx eval`: ranking quality of a TREC run.

use anyhow::Result;

use crate::cli::EvalArgs;
use crate::exit::Exit;
use crate::search::eval;

pub fn run(args: &EvalArgs) -> Result<Exit> {
    let qrels = eval::read_qrels(&args.qrels)?;
    let run = eval::read_run(&args.run)?;
    let report = eval::evaluate(&qrels, &run);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{report}");
    }
    Ok(Exit::Success)
}
