// Vant, component by component: each import below is tree-shaken on its own, and only these
// components' styles are bundled. Icon styles are left out on purpose: Vant's icon font CSS
// names a font on a CDN as its fallback, and these pages use no icon.
import 'vant/es/style/base.css';
import 'vant/es/button/index.css';
import 'vant/es/cell/index.css';
import 'vant/es/cell-group/index.css';
import 'vant/es/field/index.css';
import 'vant/es/loading/index.css';
import 'vant/es/nav-bar/index.css';
import 'vant/es/tag/index.css';

export { Button, Cell, CellGroup, Field, Loading, NavBar, Tag } from 'vant';
