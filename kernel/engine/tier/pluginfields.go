package tier

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"
)

// yaegi builds a cell's struct with reflect.StructOf, which takes exported
// fields only: it names an unexported field x "Xx". The plugin declares
// the struct with the same names, so that values and pointers convert
// between the interpreter and compiled code; compiled code's selectors and
// composite literal keys of those fields are renamed alike.

// pluginField is the name yaegi gives a struct field.
func pluginField(name string) string {
	if token.IsExported(name) {
		return name
	}
	return "X" + name
}

// pluginTypeDecl declares a cell's type in the plugin, with yaegi's field
// names.
func pluginTypeDecl(n *types.Named, q types.Qualifier) string {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return fmt.Sprintf("type %s %s", n.Obj().Name(), types.TypeString(n.Underlying(), q))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "type %s struct {\n", n.Obj().Name())
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		fmt.Fprintf(&b, "\t%s %s", pluginField(f.Name()), types.TypeString(f.Type(), q))
		if tag := st.Tag(i); tag != "" {
			fmt.Fprintf(&b, " %q", tag)
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

// renamedField reports whether v is an unexported field of a struct a cell
// declared at package level, which the plugin renames.
func renamedField(v *types.Var) bool {
	if !v.IsField() || v.Exported() || v.Pkg() == nil || v.Pkg().Name() != "main" {
		return false
	}
	scope := v.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) == v {
					return true
				}
			}
		}
	}
	return false
}
