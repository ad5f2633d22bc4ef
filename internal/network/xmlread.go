package network

import "encoding/xml"

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// gexfElement handles one element of a GEXF document.
func (x *xmlGraphReader) gexfElement(se xml.StartElement) error {
	switch se.Name.Local {
	case "graph", "nodes", "edges":
		return nil // descend
	case "attributes":
		return x.gexfDecls(se)
	case "node":
		return x.gexfNode(se)
	case "edge":
		return x.gexfEdge(se)
	}
	return x.dec.Skip()
}

func (x *xmlGraphReader) gexfDecls(se xml.StartElement) error {
	var a struct {
		Class string `xml:"class,attr"`
		Attrs []struct {
			ID      string `xml:"id,attr"`
			Title   string `xml:"title,attr"`
			Type    string `xml:"type,attr"`
			Default string `xml:"default"`
		} `xml:"attribute"`
	}
	if err := x.decode(&a, se); err != nil {
		return err
	}
	if a.Class != "node" && a.Class != "edge" {
		return x.fail("attributes of class %q: want node or edge", a.Class)
	}
	for _, d := range a.Attrs {
		if err := x.declare(a.Class, d.ID, xmlKey{name: d.Title, typ: gexfAttrType(d.Type), def: d.Default}); err != nil {
			return err
		}
	}
	return nil
}

// gexfAttrType maps GEXF's types onto ours; big numbers, lists, characters
// and URIs are strings.
func gexfAttrType(t string) AttrType {
	switch t {
	case "integer", "long", "short", "byte":
		return AttrInteger
	case "double", "float":
		return AttrDouble
	case "boolean":
		return AttrBoolean
	}
	return AttrString
}

func gexfPairs(vals []gexfValue) []keyValue {
	kvs := make([]keyValue, len(vals))
	for i, v := range vals {
		kvs[i] = keyValue{v.For, v.Value}
	}
	return kvs
}

func (x *xmlGraphReader) gexfNode(se xml.StartElement) error {
	var n struct {
		ID     string      `xml:"id,attr"`
		Label  string      `xml:"label,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
	}
	if err := x.decode(&n, se); err != nil {
		return err
	}
	if n.ID == "" {
		return x.fail("a node has no id")
	}
	attrs, _, err := x.values("node", x.nodeKeys, gexfPairs(n.Values))
	if err != nil {
		return err
	}
	x.g.Nodes = append(x.g.Nodes, ExportNode{ID: n.ID, Label: n.Label, Attrs: attrs})
	return nil
}

func (x *xmlGraphReader) gexfEdge(se xml.StartElement) error {
	var e struct {
		Source string      `xml:"source,attr"`
		Target string      `xml:"target,attr"`
		Weight string      `xml:"weight,attr"`
		Values []gexfValue `xml:"attvalues>attvalue"`
	}
	if err := x.decode(&e, se); err != nil {
		return err
	}
	attrs, _, err := x.values("edge", x.edgeKeys, gexfPairs(e.Values))
	if err != nil {
		return err
	}
	return x.addEdge(e.Source, e.Target, e.Weight, attrs)
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// graphmlElement handles one element of a GraphML document.
func (x *xmlGraphReader) graphmlElement(se xml.StartElement) error {
	switch se.Name.Local {
	case "graph":
		return nil // descend
	case "key":
		return x.graphmlKey(se)
	case "node":
		return x.graphmlNode(se)
	case "edge":
		return x.graphmlEdge(se)
	case "hyperedge":
		return x.fail("hyperedges are not supported")
	}
	return x.dec.Skip()
}

func (x *xmlGraphReader) graphmlKey(se xml.StartElement) error {
	var k struct {
		ID      string `xml:"id,attr"`
		For     string `xml:"for,attr"`
		Name    string `xml:"attr.name,attr"`
		Type    string `xml:"attr.type,attr"`
		Default string `xml:"default"`
	}
	if err := x.decode(&k, se); err != nil {
		return err
	}
	if k.Name == "" || (k.For != "node" && k.For != "edge" && k.For != "all") {
		x.ignored[k.ID] = true // yFiles graphics, graph or port data
		return nil
	}
	key := xmlKey{name: k.Name, typ: graphmlAttrType(k.Type), def: k.Default}
	for _, class := range []string{"node", "edge"} {
		if k.For != class && k.For != "all" {
			continue
		}
		kc := key
		switch {
		case class == "node" && k.Name == "label":
			kc.role = roleLabel
		case class == "edge" && k.Name == "weight":
			kc.role = roleWeight
		}
		if err := x.declare(class, k.ID, kc); err != nil {
			return err
		}
	}
	return nil
}

// graphmlAttrType maps GraphML's attr.type onto ours.
func graphmlAttrType(t string) AttrType {
	switch t {
	case "int", "long":
		return AttrInteger
	case "float", "double":
		return AttrDouble
	case "boolean":
		return AttrBoolean
	}
	return AttrString
}

// graphmlPairs drops the data of ignored keys (yFiles graphics).
func (x *xmlGraphReader) graphmlPairs(data []graphmlData) []keyValue {
	kvs := make([]keyValue, 0, len(data))
	for _, d := range data {
		if !x.ignored[d.Key] {
			kvs = append(kvs, keyValue{d.Key, d.Value})
		}
	}
	return kvs
}

func (x *xmlGraphReader) graphmlNode(se xml.StartElement) error {
	var n struct {
		ID   string        `xml:"id,attr"`
		Data []graphmlData `xml:"data"`
	}
	if err := x.decode(&n, se); err != nil {
		return err
	}
	if n.ID == "" {
		return x.fail("a node has no id")
	}
	attrs, label, err := x.values("node", x.nodeKeys, x.graphmlPairs(n.Data))
	if err != nil {
		return err
	}
	x.g.Nodes = append(x.g.Nodes, ExportNode{ID: n.ID, Label: label, Attrs: attrs})
	return nil
}

func (x *xmlGraphReader) graphmlEdge(se xml.StartElement) error {
	var e struct {
		Source string        `xml:"source,attr"`
		Target string        `xml:"target,attr"`
		Data   []graphmlData `xml:"data"`
	}
	if err := x.decode(&e, se); err != nil {
		return err
	}
	attrs, weight, err := x.values("edge", x.edgeKeys, x.graphmlPairs(e.Data))
	if err != nil {
		return err
	}
	return x.addEdge(e.Source, e.Target, weight, attrs)
}
