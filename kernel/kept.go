package kernel

// Session variables outlive an engine crash: at the end of each cell the
// engine copies the variables the cell may have changed out of itself
// (a Snapshot, with the ExecuteResult), the kernel keeps them, and after a
// crash it gives them to the new engine (Restorer). A variable that
// cannot be copied comes back undefined, with a reason.

// Snapshot is the copy of some session variables at the end of a cell:
// one frame of the engine's own encoding (kernel/engine: snapshot.go),
// which only an engine of the same binary reads back.
type Snapshot struct {
	// Cell is the cell at whose end the copy was taken.
	Cell int `json:"cell"`
	// Data is the encoded frame; empty when no variable was copied.
	Data []byte `json:"data,omitempty"`
	// Vars are the variables this snapshot is about: copied into Data,
	// or lost (Lost set).
	Vars []KeptVar `json:"vars,omitempty"`
	// Unsettled are variables that goroutines still running may change:
	// they are not copied until those goroutines end, and are lost if the
	// engine dies before.
	Unsettled []KeptVar `json:"unsettled,omitempty"`
}

// KeptVar is one session variable of a Snapshot.
type KeptVar struct {
	Name string `json:"name"`
	// Type is the variable's type as the cells wrote it, for messages.
	Type string `json:"type,omitempty"`
	// SetBy is the cell that last set it (declared or assigned it at
	// the top level): the cell to run again when it is lost.
	SetBy int `json:"set_by"`
	// Lost says why it was not copied ("a chan int cannot be copied");
	// empty when it is in the snapshot's Data.
	Lost string `json:"lost,omitempty"`
}

// CellStart is what an engine says before a cell's statements run: if
// the engine dies while they run, the kernel declares Declared again in
// the next engine, and knows that Changing (the variables the cell may
// change) have no trustworthy value.
type CellStart struct {
	Cell     int       `json:"cell"`
	Declared []string  `json:"declared,omitempty"`
	Changing []KeptVar `json:"changing,omitempty"`
}

// CellStarter is a Publisher that wants to hear CellStart.
type CellStarter interface {
	CellStarted(CellStart)
}

// RestoreRequest gives a new engine the variables kept from the one that
// died: each snapshot's variables named in Current (the newest copy of
// each variable) are set, and Lost become undefined: a cell that uses one
// fails with its message.
type RestoreRequest struct {
	Snapshots []RestoreFrame `json:"snapshots,omitempty"`
	// Lost maps a variable to the error a cell that uses it gets.
	Lost map[string]string `json:"lost,omitempty"`
	// IfFailed is the error of a variable of Snapshots that cannot be
	// set; "%why" in it is replaced by the reason.
	IfFailed map[string]string `json:"if_failed,omitempty"`
	// SetBy is the cell that last set each variable (KeptVar.SetBy).
	SetBy map[string]int `json:"set_by,omitempty"`
}

// RestoreFrame is a snapshot and the variables to take from it.
type RestoreFrame struct {
	Data    []byte   `json:"data"`
	Current []string `json:"current"`
}

// RestoreReply says what came back.
type RestoreReply struct {
	Restored []string `json:"restored,omitempty"`
	// Failed are variables of the request that could not be set (their
	// type changed), with why.
	Failed map[string]string `json:"failed,omitempty"`
}

// Restorer is an Engine that can take variables kept from another.
type Restorer interface {
	Restore(RestoreRequest) RestoreReply
}
