package cell

// PoolkitPath is poolkit's module path; cells may import it by that path or
// as "poolkit".
const PoolkitPath = "github.com/aulago/gokernel/poolkit"

// IterseqPath is the import path of the helper package of the
// range-over-func rewrite (itersrc) in the interpreter.
const IterseqPath = "gokernel/iterseq"

// IterseqName is the name the session imports that package under.
const IterseqName = "__iterseq"
