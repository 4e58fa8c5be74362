//! Person-name extraction measured on CoNLL-2003 eng.testa (entity level,
//! exact spans, PER only): the target is F1 >= 0.93.

use crate::util::corpora;

#[test]
fn conll_testa_f1_at_least_0_93() {
    let (p, r, f) =
        newsidx::extract::ner::evaluate_conll(&corpora().join("conll2003/eng.testa.gz")).unwrap();
    eprintln!("eng.testa PER: precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(f >= 0.93, "F1 {f:.4} (P {p:.4}, R {r:.4})");
}
